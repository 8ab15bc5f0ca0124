// Package citygen builds a deterministic synthetic city for `linli bench city`: communities of
// the shape DOMAIN.md describes (grids, buildings, households, staff, parents and children, a
// school year of sessions, visit plans, a term of bookings and attendance), written through the
// storage layer in bulk (storage.Bulk), with names, phones and dates that look real.
package citygen

import (
	"fmt"
	"math/rand/v2"
)

// surnames are common Chinese surnames, the most common first (picked with a skew towards them,
// as in a real population).
var surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")

// givenChars are characters of given names; a given name is one or two of them.
var givenChars = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉文斌辉鹏浩宇欣怡梓涵子轩雨泽思彤佳琪博文一诺子墨俊熙嘉晨若曦语桐宁远海燕春梅晓东雪林立新")

// mobilePrefixes are the first three digits of mainland mobile numbers.
var mobilePrefixes = []string{"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
	"156", "157", "158", "159", "166", "176", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "199"}

// personName returns a name of the given surname (or a new one when 0).
func personName(r *rand.Rand, surname rune) string {
	if surname == 0 {
		surname = pickSurname(r)
	}
	n := 1 + r.IntN(2)
	name := []rune{surname}
	for range n {
		name = append(name, givenChars[r.IntN(len(givenChars))])
	}
	return string(name)
}

// pickSurname picks a surname, the common ones more often.
func pickSurname(r *rand.Rand) rune {
	f := r.Float64()
	return surnames[int(f*f*float64(len(surnames)))]
}

// mobile returns the mobile number of the person with the given index in the city: the last
// eight digits are a bijection of the index (7,919 is prime to 10⁸), so that numbers are unique
// and still look random.
func mobile(index int, seed uint64) string {
	prefix := mobilePrefixes[(index+int(seed%97))%len(mobilePrefixes)]
	return fmt.Sprintf("%s%08d", prefix, (uint64(index)*7919+seed*104729+12345678)%100000000)
}

// communityName names community i of the city.
func communityName(i int) string {
	a := []string{"幸福", "和平", "长白", "锦绣", "滨河", "新华", "光明", "春晖", "丽景", "文化", "桃源", "松山", "北陵", "南湖", "东湖", "西塔", "金桥", "朝阳", "怀远", "青年"}
	b := []string{"里", "苑", "新村", "家园", "花园", "街", "东区", "西区", "南区", "北区"}
	name := a[i%len(a)] + b[(i/len(a))%len(b)]
	if n := i / (len(a) * len(b)); n > 0 {
		name += fmt.Sprintf("第%d", n+1)
	}
	return name + "社区"
}

// districts are the districts of the city, taken in turn.
var districts = []string{"和平区", "沈河区", "皇姑区", "大东区", "铁西区", "浑南区", "于洪区", "苏家屯区", "沈北新区"}
